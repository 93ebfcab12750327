#!/usr/bin/env bash
# Dos réplicas del tablero (páginas y API de datos, servidor.py) detrás de nginx, con sesiones pegajosas, leyendo las
# mismas tablas publicadas.
#
#   bash scripts/replicas.sh                 # réplicas en 127.0.0.1:8624 y :8625, nginx en 127.0.0.1:8640
#   PUERTO_NGINX=8641 REPLICAS="8626 8627" bash scripts/replicas.sh
#
# Queda en primer plano hasta Ctrl-C (o SIGTERM), y entonces detiene sólo los procesos que arrancó. Las
# réplicas leen `datos/parquet` (o TABLERO_PARQUET / TABLERO_CRUDOS si están en el entorno): una publicación
# del ETL las alcanza a las dos en su siguiente ejecución (cada ejecución fija su versión una vez).
#
# Pegajosas sin nginx Plus: la primera petición de un navegador no trae la cookie `tablero_replica`; nginx la
# reparte por `hash $request_id consistent` y le pone esa misma llave en la cookie, así que el websocket y
# todo lo que sigue (que sí la traen) caen en la misma réplica. Si una réplica no contesta, nginx manda la
# petición a la otra (proxy_next_upstream) y la cookie sigue sirviendo: su llave cae ahora en la viva.
# La cabecera `X-Tablero-Replica` dice qué réplica contestó (para comprobarlo, no es un secreto).
set -euo pipefail
cd "$(dirname "$0")/.."

PUERTO_NGINX="${PUERTO_NGINX:-8640}"
read -r -a REPLICAS <<< "${REPLICAS:-8624 8625}"
TRABAJO="${TRABAJO:-$(mktemp -d /tmp/tablero-replicas.XXXXXX)}"
mkdir -p "$TRABAJO/logs"
chmod 755 "$TRABAJO"  # los procesos de nginx que no son el maestro pueden correr como otro usuario

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "Instalando nginx de la distribución (paquete nginx-light)…"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

if [ ! -e "${TABLERO_PARQUET:-datos/parquet}" ]; then
  echo "No hay tablas publicadas: ejecute primero .venv/bin/python -m etl" >&2
  exit 1
fi

PIDS=()
detener() {
  trap - INT TERM EXIT
  if [ -f "$TRABAJO/nginx.pid" ]; then kill "$(cat "$TRABAJO/nginx.pid")" 2>/dev/null || true; fi
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap detener INT TERM EXIT

servidores=""
for puerto in "${REPLICAS[@]}"; do
  .venv/bin/python -m streamlit run servidor.py --server.port "$puerto" --server.address 127.0.0.1 \
    --server.headless true > "$TRABAJO/logs/replica-$puerto.log" 2>&1 &
  PIDS+=("$!")
  echo "$!" > "$TRABAJO/replica-$puerto.pid"
  servidores+="        server 127.0.0.1:$puerto max_fails=1 fail_timeout=10s;"$'\n'
done

cat > "$TRABAJO/nginx.conf" <<EOF
worker_processes 1;
pid $TRABAJO/nginx.pid;
error_log $TRABAJO/logs/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log $TRABAJO/logs/nginx-access.log;
    client_body_temp_path $TRABAJO/tmp_cuerpo;
    proxy_temp_path $TRABAJO/tmp_proxy;
    fastcgi_temp_path $TRABAJO/tmp_fastcgi;
    uwsgi_temp_path $TRABAJO/tmp_uwsgi;
    scgi_temp_path $TRABAJO/tmp_scgi;

    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    # Llave de la réplica: la de la cookie si la trae; si no, una nueva al azar (y se le da en la cookie).
    map \$cookie_tablero_replica \$llave_replica { '' \$request_id; default \$cookie_tablero_replica; }
    map \$cookie_tablero_replica \$cookie_nueva { '' "tablero_replica=\$request_id; Path=/; HttpOnly; SameSite=Lax"; default ''; }

    upstream tablero {
        hash \$llave_replica consistent;
$servidores    }

    server {
        listen 127.0.0.1:$PUERTO_NGINX;
        location / {
            proxy_pass http://tablero;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_buffering off;
            proxy_next_upstream error timeout http_502 http_503;
            add_header Set-Cookie \$cookie_nueva always;
            add_header X-Tablero-Replica \$upstream_addr always;
        }
    }
}
EOF

for puerto in "${REPLICAS[@]}"; do
  for _ in $(seq 1 240); do
    if curl -fs "http://127.0.0.1:$puerto/_stcore/health" >/dev/null 2>&1; then break; fi
    sleep 0.25
  done
done
"$NGINX" -p "$TRABAJO" -c "$TRABAJO/nginx.conf" -e "$TRABAJO/logs/nginx-error.log"
echo "réplicas: ${REPLICAS[*]} (pids ${PIDS[*]}); nginx en http://127.0.0.1:$PUERTO_NGINX; registros en $TRABAJO/logs"
echo "listo" > "$TRABAJO/listo"
wait "${PIDS[@]}" || true
