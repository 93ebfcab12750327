"""Lo que comparten las páginas del tablero, un módulo por tarea.

- `datos`: la versión de los datos de cada ejecución y las consultas con nombre (vía `consultas`).
- `consultas`: lee consultas.sql (staging, vistas compartidas, consultas de página) sobre DuckDB.
- `url`: la vista en la URL y los filtros que la siembran.
- `componentes`: tarjetas, bloque gráfica + exportaciones + tabla, control «Fuente».
- `mapa`: el mapa de Territorio.
- `exportar`: PNG, CSV para Excel y paquete de datos (funciones puras).
- `graficos`: el tema de Plotly; `formato`: números es-MX; `textos`: el catálogo de textos es/en.
"""
