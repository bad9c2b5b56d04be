#!/bin/bash
# Kafka in docker-compose.yml: single-node KRaft where every client and the broker itself log in
# with SASL/SCRAM-SHA-512. SCRAM users live in the KRaft metadata log, so they are written when
# the storage is formatted (kafka-storage format --add-scram); on a restart the storage is already
# formatted and keeps them. The controller listener stays PLAINTEXT inside the compose network.
#
# KAFKA_SECURITY_PROTOCOL=SASL_SSL turns TLS on for both client listeners; it then needs
# /certs/kafka.p12 (PKCS#12 key + certificate for the names kafka and 127.0.0.1) and
# KAFKA_TLS_KEYSTORE_PASSWORD. See tools/compose/certs/README.md.
set -euo pipefail
: "${CLUSTER_ID:?}" "${KAFKA_BROKER_PASSWORD:?}" "${KAFKA_APP_USERNAME:?}" "${KAFKA_APP_PASSWORD:?}"
PROTOCOL="${KAFKA_SECURITY_PROTOCOL:-SASL_PLAINTEXT}"
CONF=/tmp/kafka/server.properties
mkdir -p /tmp/kafka
umask 077

jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"${KAFKA_BROKER_PASSWORD}\";"
cat >"$CONF" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@kafka:9093
controller.listener.names=CONTROLLER
listeners=INTERNAL://:9092,CONTROLLER://:9093,HOST://:19092
advertised.listeners=INTERNAL://kafka:9092,HOST://127.0.0.1:19092
listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:${PROTOCOL},HOST:${PROTOCOL}
inter.broker.listener.name=INTERNAL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=${jaas}
listener.name.host.scram-sha-512.sasl.jaas.config=${jaas}
log.dirs=/var/lib/kafka/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS

# What the healthcheck (and an operator's kafka-*.sh --command-config) uses to log in.
cat >/tmp/kafka/client.properties <<PROPS
security.protocol=${PROTOCOL}
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=${jaas}
PROPS

if [ "$PROTOCOL" = SASL_SSL ]; then
  : "${KAFKA_TLS_KEYSTORE_PASSWORD:?SASL_SSL needs KAFKA_TLS_KEYSTORE_PASSWORD}"
  cat >>"$CONF" <<PROPS
ssl.keystore.type=PKCS12
ssl.keystore.location=/certs/kafka.p12
ssl.keystore.password=${KAFKA_TLS_KEYSTORE_PASSWORD}
PROPS
  cat >>/tmp/kafka/client.properties <<PROPS
ssl.truststore.type=PEM
ssl.truststore.location=/certs/ca.crt
ssl.endpoint.identification.algorithm=
PROPS
fi

/opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t "$CLUSTER_ID" -c "$CONF" \
  --add-scram "SCRAM-SHA-512=[name=broker,password=${KAFKA_BROKER_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=${KAFKA_APP_USERNAME},password=${KAFKA_APP_PASSWORD}]"
exec /opt/kafka/bin/kafka-server-start.sh "$CONF"
