"""Perfil (pyinstrument) del render caliente de una página: `python -m bench.perfil paginas/encuentros.py`.

AppTest corre el guion en otro hilo, que pyinstrument no ve desde el principal: se envuelve la función de
Streamlit que ejecuta el guion para perfilar dentro de ese hilo. Dos sesiones calientan la caché; se
perfilan las siguientes. Usa TABLERO_PARQUET como el tablero.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent


def perfilar(pagina: str, sesiones: int = 5) -> str:
    from pyinstrument import Profiler  # pyinstrument==5.1.3 (requirements.txt)
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    perfil = Profiler(interval=0.0005)
    activo = [False]
    original = script_runner.exec_func_with_error_handling

    def envuelto(*a, **k):
        if not activo[0]:
            return original(*a, **k)
        perfil.start()
        try:
            return original(*a, **k)
        finally:
            perfil.stop()

    script_runner.exec_func_with_error_handling = envuelto
    try:
        for i in range(2 + sesiones):
            activo[0] = i >= 2
            at = AppTest.from_file(str(RAIZ / "app.py"), default_timeout=120)
            at.switch_page(pagina)
            at.run()
    finally:
        script_runner.exec_func_with_error_handling = original
    return perfil.output_text(unicode=True, color=False, show_all=bool(__import__("os").environ.get("PERFIL_TODO")))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.perfil", description=__doc__)
    p.add_argument("pagina", help="archivo de página tal como lo declara app.py, p. ej. paginas/encuentros.py")
    p.add_argument("--sesiones", type=int, default=5)
    args = p.parse_args(argv)
    print(perfilar(args.pagina, args.sesiones))
    return 0


if __name__ == "__main__":
    sys.exit(main())
