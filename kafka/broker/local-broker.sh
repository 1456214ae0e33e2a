#!/usr/bin/env bash
# A one-node Apache Kafka 4.4 broker (KRaft: broker and controller in one) on this machine, for
# trying cevns-daq's publishing and the combined analysis. Its jars come from Maven Central
# (through ~/.m2); nothing is installed. Ctrl-C stops it; its log stays in DIR until you delete it.
#
# Usage: kafka/broker/local-broker.sh [PORT] [DIR]      (defaults: 9092, /tmp/cevns-kafka)
# Then:  deploy/target/cevns-daq-0.1.0/bin/cevns-daq demo --kafka localhost:9092
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port=${1:-9092}
dir=${2:-/tmp/cevns-kafka}
controller=$((port + 1))
mkdir -p "$dir"
cpfile="$dir/broker.classpath"
if [ ! -s "$cpfile" ]; then
  echo "local-broker: resolving the Kafka 4.4 broker's jars (first time only)..."
  mvn -B -q -Dstyle.color=never -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null
fi
cp="$(cat "$cpfile")"
config="$dir/server.properties"
cat > "$config" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/log
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
if [ ! -f "$dir/log/meta.properties" ]; then
  quiet=-Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  java $quiet -cp "$cp" kafka.tools.StorageTool format -t "$(java $quiet -cp "$cp" kafka.tools.StorageTool random-uuid)" -c "$config"
fi
echo "local-broker: Kafka at localhost:$port (controller $controller), log in $dir/log; Ctrl-C stops it"
exec java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" kafka.Kafka "$config"
