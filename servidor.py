"""Servidor del tablero: las páginas (`app.py`) y la API de datos (`tablero/api.py`) en un mismo puerto.

`streamlit run servidor.py` (lo que hace `scripts/tablero.sh`) reconoce el `st.App` de este archivo y lo sirve
con uvicorn: las páginas como siempre y, junto a ellas, `/api/v1/tablas` (ver `tablero/api.py`).
`streamlit run app.py` sigue sirviendo sólo las páginas.
"""

import streamlit as st

from tablero import api

app = st.App("app.py", routes=api.rutas())
