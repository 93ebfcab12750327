"""ETL del Tablero de Movilidad Humana: datos/crudos → tablas Parquet validadas y con su fuente."""
