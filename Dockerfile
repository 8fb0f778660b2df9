# Lagebild with Apache Airflow 3, for docker-compose.yml. Installs exactly the committed lock.
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    AIRFLOW_HOME=/opt/airflow

WORKDIR /opt/lagebild
COPY requirements.lock ./
RUN pip install uv==0.13.9 && uv pip install --system -r requirements.lock

COPY pyproject.toml README.md scrapy.cfg ./
COPY crawler crawler
COPY pipeline pipeline
COPY replay replay
COPY sql sql
COPY dags dags
RUN uv pip install --system --no-deps -e .

# Airflow refuses nothing as root, but nothing here needs root either.
RUN useradd --create-home --uid 50000 airflow && mkdir -p "$AIRFLOW_HOME" && chown -R airflow "$AIRFLOW_HOME" /opt/lagebild
USER airflow
