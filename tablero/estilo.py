"""Estilos fijos del tablero (CSS sin datos): las tarjetas de cifra (`tablero.tarjetas`), los valores de
`st.metric` partidos en renglones y el modo presentación."""

# Estilo fijo (sin datos): los valores de las tarjetas se parten en renglones en vez de cortarse con «…».
CSS_TARJETAS = """<style>
[data-testid="stMetricValue"] > div { white-space: normal; overflow: visible; text-overflow: clip; font-size: 1.6rem; line-height: 1.2; }
[data-testid="stMetricLabel"] p { white-space: normal; }
.tarjetas { display: grid; gap: 1rem; grid-template-columns: repeat(var(--por-fila, 1), minmax(0, 1fr)); }
.tarjetas-2 { --por-fila: 2; } .tarjetas-3 { --por-fila: 3; } .tarjetas-4 { --por-fila: 4; }
.tarjetas-5 { --por-fila: 5; } .tarjetas-6 { --por-fila: 6; }
@media (max-width: 640px) { .tarjetas { grid-template-columns: minmax(0, 1fr); } }
.tarjeta { border: 1px solid rgba(128, 128, 128, 0.3); border-radius: 0.5rem; padding: 0.9rem 1rem;
  display: flex; flex-direction: column; gap: 0.25rem; min-width: 0; overflow-wrap: anywhere; }
.tarjeta-encabezado { font-weight: 600; }
.tarjeta-etiqueta { font-size: 0.875rem; line-height: 1.35; }
.tarjeta-valor { font-size: 1.6rem; line-height: 1.2; padding-bottom: 0.25rem; }
.tarjeta-pie, .tarjeta-fuente dl, .tarjeta-fuente .tf-contexto { font-size: 0.8rem; line-height: 1.4; opacity: 0.7; }
.tarjeta-fuente { margin-top: 0.4rem; font-size: 0.85rem; }
.tarjeta-fuente summary { cursor: pointer; width: fit-content; padding: 0.15rem 0.6rem;
  border: 1px solid rgba(128, 128, 128, 0.4); border-radius: 0.5rem; }
.tarjeta-fuente[open] summary { margin-bottom: 0.5rem; }
.tarjeta-fuente .tf-titulo { font-weight: 600; margin-top: 0.4rem; }
.tarjeta-fuente .tf-seccion { font-weight: 700; margin-top: 0.8rem; border-top: 1px solid rgba(128, 128, 128, 0.3); padding-top: 0.4rem; }
.tarjeta-fuente .tf-cita { font-family: monospace; font-size: 0.8rem; white-space: pre-wrap; }
.tarjeta-fuente dl { margin: 0.4rem 0 0 0; padding: 0; }
.tarjeta-fuente dt { font-weight: 600; } .tarjeta-fuente dd { margin: 0 0 0.25rem 0; padding: 0; }
.tarjeta-fuente .tf-contexto { white-space: pre-wrap; }
.tarjeta-fuente mark { padding: 0 0.1rem; }
.tarjeta-fuente .tf-aviso { color: #b35c00; font-size: 0.8rem; }
</style>"""

CSS_PRESENTACION = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stMainMenu"] { display: none !important; }
html { font-size: 20px; }
[data-testid="stMainBlockContainer"], .block-container {
  max-width: min(100vw, calc(100vh * 16 / 9)) !important; padding: 1.2rem 2.2rem 1rem 2.2rem !important;
  margin: 0 auto;
}
[class*="st-key-diapositiva_"] { min-height: 94vh; justify-content: center; break-after: page; scroll-snap-align: start; }
[data-testid="stMetricValue"] > div, .tarjeta-valor { font-size: 2.2rem; }
</style>"""
