"""ETL de punta a punta: cada clase de entrada mala se detiene con archivo, fila y columna, y lo publicado no cambia."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from etl.__main__ import main
from etl.construir import CRUDOS, vigente
from etl.esquemas import TABLAS
from etl.procedencia import escribir_ficha


def _huellas(destino: Path) -> dict[str, str]:
    real = destino.resolve()
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(real.iterdir())} | {"@": str(real)}


@pytest.fixture(scope="module")
def plantilla(tmp_path_factory) -> Path:
    """Una copia de datos/crudos con sus tablas ya construidas, que cada prueba copia y estropea."""
    raiz = tmp_path_factory.mktemp("plantilla")
    shutil.copytree(CRUDOS, raiz / "crudos")
    assert main(["--crudos", str(raiz / "crudos"), "--destino", str(raiz / "parquet")]) == 0
    return raiz


@pytest.fixture
def proyecto(plantilla, tmp_path) -> tuple[Path, Path]:
    shutil.copytree(plantilla, tmp_path / "p", symlinks=True)
    return tmp_path / "p" / "crudos", tmp_path / "p" / "parquet"


def _editar_lineas(ruta: Path, cambiar) -> None:
    lineas = ruta.read_text(encoding="utf-8").splitlines(keepends=True)
    ruta.write_text("".join(cambiar(lineas)), encoding="utf-8")


def _editar_csv(ruta: Path, cambiar) -> None:
    """Edita un CSV como filas de diccionarios (para columnas con comas entre comillas)."""
    with ruta.open(encoding="utf-8", newline="") as f:
        filas = list(csv.DictReader(f))
    cambiar(filas)
    with ruta.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(filas[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(filas)


def _fallar(crudos: Path, destino: Path, capsys) -> str:
    """Corre el ETL, exige que falle y que lo publicado siga idéntico; devuelve el mensaje de error."""
    antes = _huellas(destino)
    assert main(["--crudos", str(crudos), "--destino", str(destino)]) == 1
    assert _huellas(destino) == antes, "las tablas publicadas cambiaron tras un error"
    err = capsys.readouterr().err
    assert "tablas anteriores siguen intactas" in err
    return err


def test_construye_todas_las_tablas(plantilla):
    destino = plantilla / "parquet"
    assert {p.stem for p in destino.glob("*.parquet")} == set(TABLAS)
    for nombre, tabla in TABLAS.items():
        leida = pq.read_table(destino / f"{nombre}.parquet")
        assert leida.schema.equals(tabla.esquema_arrow()), nombre
        # Los datos incluidos no traen descargas de la CBP por estado: esa tabla se publica vacía.
        assert leida.num_rows > 0 or nombre == "cbp_encuentros_estado", nombre
    assert vigente(plantilla / "crudos", destino)


def test_misma_entrada_mismos_bytes(plantilla, tmp_path):
    otra = tmp_path / "parquet"
    assert main(["--crudos", str(plantilla / "crudos"), "--destino", str(otra)]) == 0
    primera, segunda = _huellas(plantilla / "parquet"), _huellas(otra)
    primera.pop("@"), segunda.pop("@")
    assert primera == segunda


def test_segunda_corrida_no_crea_otra_version(proyecto):
    crudos, destino = proyecto
    antes = destino.resolve()
    assert main(["--crudos", str(crudos), "--destino", str(destino)]) == 0
    assert destino.resolve() == antes


def test_fila_mal_formada(proyecto, capsys):
    crudos, destino = proyecto
    ruta = crudos / "tablas" / "upmrip_eventos_por_sexo_edad.csv"
    _editar_lineas(ruta, lambda ls: ls[:4] + ["2018-01,male,18+,5,sobra\n"] + ls[4:])
    escribir_ficha(ruta)
    err = _fallar(crudos, destino, capsys)
    assert "upmrip_eventos_por_sexo_edad.csv" in err and "fila 5" in err and "5 campos" in err


def test_tipo_equivocado(proyecto, capsys):
    crudos, destino = proyecto
    ruta = crudos / "tablas" / "upmrip_eventos_por_nacionalidad.csv"
    _editar_lineas(ruta, lambda ls: ls[:2] + [ls[2].rsplit(",", 1)[0] + ",doce\n"] + ls[3:])
    escribir_ficha(ruta)
    err = _fallar(crudos, destino, capsys)
    assert "upmrip_eventos_por_nacionalidad.csv, fila 3, columna n" in err and "'doce' no es un número" in err


def test_conteo_negativo(proyecto, capsys):
    crudos, destino = proyecto
    ruta = crudos / "tablas" / "upmrip_devoluciones_por_nacionalidad.csv"
    _editar_lineas(ruta, lambda ls: ls[:6] + [ls[6].rsplit(",", 1)[0] + ",-5\n"] + ls[7:])
    escribir_ficha(ruta)
    err = _fallar(crudos, destino, capsys)
    assert "upmrip_devoluciones_por_nacionalidad.csv, fila 7, columna n" in err and "negativo" in err


def test_clave_duplicada(proyecto, capsys):
    crudos, destino = proyecto
    ruta = crudos / "tablas" / "upmrip_devoluciones_por_nacionalidad.csv"
    _editar_lineas(ruta, lambda ls: ls + [ls[3]])
    escribir_ficha(ruta)
    n = len(ruta.read_text(encoding="utf-8").splitlines())
    err = _fallar(crudos, destino, capsys)
    assert f"fila {n}" in err and "clave duplicada" in err and "ya aparece en la fila 4" in err


def test_nacionalidad_desconocida(proyecto, capsys):
    crudos, destino = proyecto
    ruta = crudos / "tablas" / "upmrip_eventos_por_nacionalidad.csv"
    _editar_lineas(ruta, lambda ls: ls[:9] + ["2018-01,ZZZ,3\n"] + ls[9:])
    escribir_ficha(ruta)
    err = _fallar(crudos, destino, capsys)
    assert "fila 10, columna nat" in err and "'ZZZ'" in err


def _cambiar_cifra(crudos: Path, columna: str, nuevo, elegir=lambda f: f["titular"] == "1") -> int:
    """Cambia `columna` en la primera cifra que cumple `elegir`; devuelve su fila en el archivo (encabezado = 1)."""
    ruta = crudos / "cifras.csv"
    fila = {}

    def cambio(filas):
        for i, f in enumerate(filas):
            if elegir(f):
                f[columna] = nuevo(f[columna])
                fila["n"] = i + 2
                return

    _editar_csv(ruta, cambio)
    return fila["n"]


def test_indicador_desconocido(proyecto, capsys):
    crudos, destino = proyecto
    fila = _cambiar_cifra(crudos, "indicador_id", lambda v: "indicador_inventado")
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna indicador_id" in err and "indicador_inventado" in err


def test_cita_que_no_esta_en_el_documento(proyecto, capsys):
    crudos, destino = proyecto
    fila = _cambiar_cifra(crudos, "cita", lambda v: v + " y algo que el documento no dice")
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna cita" in err and "no está en el documento" in err


def test_valor_que_contradice_su_cita(proyecto, capsys):
    crudos, destino = proyecto
    fila = _cambiar_cifra(crudos, "valor", lambda v: str(float(v) * 10), elegir=lambda f: f["titular"] == "1" and f["valor"])
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna valor" in err and "no es el que escribe la cita" in err


def test_rango_cuyo_extremo_contradice_su_cita(proyecto, capsys):
    crudos, destino = proyecto
    fila = _cambiar_cifra(crudos, "valor_max", lambda v: str(float(v) + 1), elegir=lambda f: f["valor_max"])
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna valor_max" in err


def test_calificador_que_la_cita_no_dice(proyecto, capsys):
    crudos, destino = proyecto
    fila = _cambiar_cifra(crudos, "calificador_texto", lambda v: "aproximadamente")
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna calificador_texto" in err


def test_archivo_en_latin1(proyecto, capsys):
    crudos, destino = proyecto
    ruta = crudos / "indicadores.csv"
    texto = ruta.read_text(encoding="utf-8")
    ruta.write_bytes(texto.encode("latin-1", errors="replace"))
    err = _fallar(crudos, destino, capsys)
    assert "indicadores.csv" in err and "no está en UTF-8" in err and "fila" in err


def test_archivo_cambiado_sin_actualizar_su_ficha(proyecto, capsys):
    crudos, destino = proyecto
    ruta = crudos / "tablas" / "banxico_remesas_por_entidad.csv"
    _editar_lineas(ruta, lambda ls: ls[:-1])
    err = _fallar(crudos, destino, capsys)
    assert "banxico_remesas_por_entidad.csv" in err and "sha256" in err and "python -m etl ficha" in err


def test_archivo_sin_ficha(proyecto, capsys):
    crudos, destino = proyecto
    (crudos / "tablas" / "darien.csv.meta.json").unlink(missing_ok=True)
    (crudos / "tablas" / "panama_darien_por_nacionalidad.csv.meta.json").unlink()
    err = _fallar(crudos, destino, capsys)
    assert "falta su ficha de procedencia" in err


def test_cbp_con_columnas_desconocidas(proyecto, capsys):
    crudos, destino = proyecto
    ruta = crudos / "tablas" / "cbp_descarga_nueva.csv"
    ruta.write_text("Year,Month,Count\n2025,JUN,10\n", encoding="utf-8")
    escribir_ficha(ruta, como=crudos / "tablas" / "cbp_encuentros_frontera_suroeste.csv")
    err = _fallar(crudos, destino, capsys)
    assert "cbp_descarga_nueva.csv" in err and "fila 1" in err and "['Year', 'Month', 'Count']" in err


def test_entrada_nueva_invalida_la_version(proyecto):
    crudos, destino = proyecto
    assert vigente(crudos, destino)
    ruta = crudos / "tablas" / "banxico_remesas_por_entidad.csv"
    _editar_lineas(ruta, lambda ls: ls[:-1])
    escribir_ficha(ruta)
    assert not vigente(crudos, destino)
    assert main(["--crudos", str(crudos), "--destino", str(destino)]) == 0
    assert vigente(crudos, destino)


def test_documentacion_del_esquema_al_dia():
    from etl.documentar import DESTINO, markdown

    assert DESTINO.read_text(encoding="utf-8") == markdown(), "regenere con `python -m etl.documentar`"
