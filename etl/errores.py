"""El único error que el ETL deja salir: dice archivo, fila y columna para que se pueda corregir."""

from __future__ import annotations


class ErrorDeEntrada(Exception):
    """Entrada que no se puede cargar sin perder o inventar datos."""

    def __init__(self, archivo: str, mensaje: str, fila: int | None = None, columna: str | None = None):
        self.archivo = str(archivo)
        self.fila = fila
        self.columna = columna
        self.mensaje = mensaje
        super().__init__(str(self))

    def __str__(self) -> str:
        donde = [f"archivo {self.archivo}"]
        if self.fila is not None:
            donde.append(f"fila {self.fila}")
        if self.columna is not None:
            donde.append(f"columna {self.columna}")
        return f"{', '.join(donde)}: {self.mensaje}"
