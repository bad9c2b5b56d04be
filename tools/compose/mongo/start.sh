#!/bin/bash
# MongoDB in docker-compose.yml: a single-node replica set with authentication. The image creates
# the root user (MONGO_INITDB_ROOT_*) on the first start and runs the scripts of
# /docker-entrypoint-initdb.d (create-app-user.js). A replica set with authentication needs a
# key file for its members' internal login; it is generated once into the config volume.
#
# MONGO_TLS=on requires TLS from every client: /certs/mongo.pem (key + certificate for the names
# mongo and 127.0.0.1) and /certs/ca.crt. See tools/compose/certs/README.md.
set -euo pipefail
KEYFILE=/data/configdb/replica.key
if [ ! -s "$KEYFILE" ]; then
  openssl rand -base64 756 >"$KEYFILE"
fi
chmod 400 "$KEYFILE"
chown mongodb:mongodb "$KEYFILE"
tls=()
if [ "${MONGO_TLS:-off}" = on ]; then
  tls=(--tlsMode requireTLS --tlsCertificateKeyFile /certs/mongo.pem --tlsCAFile /certs/ca.crt
    --tlsAllowConnectionsWithoutCertificates)
fi
exec docker-entrypoint.sh mongod --replSet rs0 --bind_ip_all --keyFile "$KEYFILE" "${tls[@]}"
