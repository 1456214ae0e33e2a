#!/usr/bin/env bash
# Runs a benchmark harness by hand with full sizes. Usage (from anywhere in the repository):
#   daq-server/bench/run.sh ingest [WAVEFORMS]    # end-to-end ingest (TCP, UDP) vs raw Chronicle append (default 2 000 000)
#   daq-server/bench/run.sh decoder               # JMH decoder throughput
set -euo pipefail
cd "$(dirname "$0")/../.."
which=${1:-ingest}
mvn -B -q -Dstyle.color=never -DskipTests install -pl daq-server -am >/dev/null
cpfile="$PWD/daq-server/target/bench.classpath"
mvn -B -q -pl daq-server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp="daq-server/target/test-classes:daq-server/target/classes:$(cat "$cpfile")"
# the JVM flags are kept once, in the parent pom's cevns.jvm.flags property
flags=$(sed -n 's:.*<cevns.jvm.flags>\(.*\)</cevns.jvm.flags>.*:\1:p' pom.xml | head -1)
case "$which" in
  ingest)  exec java $flags -Dcevns.jvm.flags="$flags" ${2:+-Dbench.waveforms=$2} -cp "$cp" eu.ess.cevns.daq.bench.IngestBenchmark ;;
  decoder) exec java $flags -Dcevns.jvm.flags="$flags" -cp "$cp" eu.ess.cevns.daq.bench.ReadoutDecoderBenchmark ;;
  *) echo "usage: $0 ingest [WAVEFORMS] | decoder" >&2; exit 2 ;;
esac
