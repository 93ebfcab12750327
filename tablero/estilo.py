"""Estilos fijos del tablero (CSS sin datos): tarjetas que parten el valor en renglones y el modo presentación."""

# Estilo fijo (sin datos): los valores de las tarjetas se parten en renglones en vez de cortarse con «…».
CSS_TARJETAS = """<style>
[data-testid="stMetricValue"] > div { white-space: normal; overflow: visible; text-overflow: clip; font-size: 1.6rem; line-height: 1.2; }
[data-testid="stMetricLabel"] p { white-space: normal; }
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
[data-testid="stMetricValue"] > div { font-size: 2.2rem; }
</style>"""
