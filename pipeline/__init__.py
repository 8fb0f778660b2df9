"""Lagebild's processing library: extract, clean and load news articles. Never imports Airflow."""
