#!/usr/bin/env bash
# The Kafka publisher's benchmark, by hand, with full sizes. Usage (from anywhere in the repository):
#   kafka/bench/run.sh [WAVEFORMS] [samples]   # default 1 000 000 waveforms; 'samples' also publishes raw waveforms
# It starts its own one-node broker in the JVM (ephemeral ports, a temporary log) and prints the
# ingest rate, the publish rate (events/s, MB/s), how long the publisher trailed the store and its
# CPU per million events. Built with the reactor (nothing is installed into ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/../.."
cpfile="$PWD/kafka/target/bench.classpath"
# one invocation: the sibling modules resolve to their target/classes; the kafka module writes the file last
mvn -B -q -Dstyle.color=never -pl kafka -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cpfile" >/dev/null
cp="kafka/target/test-classes:kafka/target/classes:$(cat "$cpfile")"
flags=$(sed -n 's:.*<cevns.jvm.flags>\(.*\)</cevns.jvm.flags>.*:\1:p' pom.xml | head -1)
exec java $flags -Xmx3g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${1:+-Dbench.waveforms=$1} \
  $([ "${2:-}" = samples ] && echo -Dbench.samples=true) -cp "$cp" eu.ess.cevns.kafka.bench.PublishBenchmark
