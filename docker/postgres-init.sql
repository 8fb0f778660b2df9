-- Two databases on one server: the news data and Airflow's metadata.
CREATE DATABASE lagebild;
CREATE DATABASE airflow;
