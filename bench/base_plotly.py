"""Piso de comparación de `python -m bench.navegador`: una página de Streamlit sin nada más que una gráfica
Plotly chica. Lo que tarde en dibujarse es lo que cuestan Streamlit y Plotly solos en esta máquina."""

import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), key="base")
