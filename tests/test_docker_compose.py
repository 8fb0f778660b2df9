"""docker-compose.yml cannot run here (no Docker engine): check that it parses and that everything it
references exists — services, volumes, mounted files, the Dockerfile's sources — and that the Airflow
components share one JWT secret and know the execution API's URL."""
import re

import yaml

from pipeline.config import PROJECT_ROOT

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
AIRFLOW_COMPONENTS = {"airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer"}


def test_services_for_postgres_and_every_airflow_component():
    assert {"postgres", "airflow-init", "replay"} | AIRFLOW_COMPONENTS <= set(SERVICES)
    commands = {name: " ".join(SERVICES[name]["command"]) for name in AIRFLOW_COMPONENTS}
    assert commands["airflow-apiserver"].startswith("airflow api-server")
    assert commands["airflow-dag-processor"] == "airflow dag-processor"


def test_references_resolve():
    for name, service in SERVICES.items():
        assert "image" in service or "build" in service, name
        for dependency in service.get("depends_on", {}):
            assert dependency in SERVICES, f"{name} depends on unknown {dependency}"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (PROJECT_ROOT / source).exists(), f"{name} mounts missing {source}"
            else:
                assert source in COMPOSE["volumes"], f"{name} uses undeclared volume {source}"


def test_airflow_components_share_secret_database_and_execution_api():
    envs = [SERVICES[name]["environment"] for name in AIRFLOW_COMPONENTS | {"airflow-init"}]
    for key in ("AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "LAGEBILD_DATABASE_URL"):
        assert len({env[key] for env in envs}) == 1, key
    assert envs[0]["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"
    assert envs[0]["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].endswith("/airflow")
    assert envs[0]["LAGEBILD_DATABASE_URL"].endswith("/lagebild")


def test_dockerfile_copies_what_exists():
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    for line in re.findall(r"^COPY (.+)$", dockerfile, re.MULTILINE):
        for source in line.split()[:-1]:
            assert (PROJECT_ROOT / source).exists(), f"Dockerfile copies missing {source}"
    assert "requirements.lock" in dockerfile
