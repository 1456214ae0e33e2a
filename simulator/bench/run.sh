#!/usr/bin/env bash
# Runs a benchmark harness by hand with full sizes. Usage (from anywhere in the repository):
#   simulator/bench/run.sh ingest [WAVEFORMS]    # end-to-end ingest (TCP, UDP) vs raw Chronicle append (default 2 000 000)
#   simulator/bench/run.sh decoder               # JMH decoder throughput
#   simulator/bench/run.sh analysis [WAVEFORMS]  # live-analysis tailing rate
# The harnesses live beside the simulators because they drive the server with simulated packets.
set -euo pipefail
cd "$(dirname "$0")/../.."
which=${1:-ingest}
mvn -B -q -Dstyle.color=never -DskipTests install -pl simulator -am >/dev/null
cpfile="$PWD/simulator/target/bench.classpath"
mvn -B -q -pl simulator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp="simulator/target/test-classes:simulator/target/classes:$(cat "$cpfile")"
# the JVM flags are kept once, in the parent pom's cevns.jvm.flags property
flags=$(sed -n 's:.*<cevns.jvm.flags>\(.*\)</cevns.jvm.flags>.*:\1:p' pom.xml | head -1)
case "$which" in
  ingest)   exec java $flags -Dcevns.jvm.flags="$flags" ${2:+-Dbench.waveforms=$2} -cp "$cp" eu.ess.cevns.daq.bench.IngestBenchmark ;;
  decoder)  exec java $flags -Dcevns.jvm.flags="$flags" -cp "$cp" eu.ess.cevns.daq.bench.ReadoutDecoderBenchmark ;;
  analysis) exec java $flags -Dcevns.jvm.flags="$flags" ${2:+-Dbench.waveforms=$2} -cp "$cp" eu.ess.cevns.analysis.bench.AnalysisBenchmark ;;
  *) echo "usage: $0 ingest [WAVEFORMS] | decoder | analysis [WAVEFORMS]" >&2; exit 2 ;;
esac
