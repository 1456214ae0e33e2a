#!/usr/bin/env bash
# Runs a benchmark harness by hand with full sizes. Usage (from anywhere in the repository):
#   simulator/bench/run.sh ingest [WAVEFORMS]    # end-to-end ingest (TCP, UDP) vs raw Chronicle append (default 2 000 000)
#   simulator/bench/run.sh decoder               # JMH decoder throughput
#   simulator/bench/run.sh analysis [WAVEFORMS]  # live-analysis tailing rate
#   simulator/bench/run.sh coverage [SEEDS]      # likelihood-fit coverage, closed loop (default 50 seeds, ~15 s each)
#   simulator/bench/run.sh soak [MINUTES]        # steady TCP + UDP ingest, run changes, IOC restarts, malformed bursts (default 10)
#   simulator/bench/run.sh loss                  # UDP loss vs offered rate, server beside a bare receiver (about 20 min)
#   simulator/bench/run.sh tcp [PAIRS]           # TCP ingest vs raw append, wall and CPU-normalised, alternating (default 3 pairs)
#   simulator/bench/run.sh cost                  # idle CPU, and CPU per waveform per thread at a fixed rate, 256/1024/4096 samples
#   simulator/bench/run.sh lag                   # live-analysis lag under full TCP load and after the data stop
# Settings of the harnesses are -Dbench.* properties (each harness's Javadoc lists them), passed in JAVA_BENCH_OPTS.
# The harnesses live beside the simulators because they drive the server with simulated packets.
# The build stays in the reactor (nothing is installed into ~/.m2): the sibling modules are read
# from their target/ folders.
set -euo pipefail
cd "$(dirname "$0")/../.."
which=${1:-ingest}
cpfile="$PWD/simulator/target/bench.classpath"
# compiled in the reactor, nothing installed (worktrees share ~/.m2): the classpath names the modules' target folders
mvn -B -q -Dstyle.color=never -DskipTests test-compile dependency:build-classpath -pl simulator -am \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp="simulator/target/test-classes:simulator/target/classes:$(cat "$cpfile")"
# the JVM flags are kept once, in the parent pom's cevns.jvm.flags property
flags=$(sed -n 's:.*<cevns.jvm.flags>\(.*\)</cevns.jvm.flags>.*:\1:p' pom.xml | head -1)
flags="$flags ${JAVA_BENCH_OPTS:-}"
if [ "$which" = loss ]; then
  # the bare receiver the server is compared with: a few lines of C, built here
  mkdir -p simulator/target/bench
  cc -O2 -Wall -pthread -o simulator/target/bench/bare-receiver simulator/bench/c/bare-receiver.c
fi
case "$which" in
  ingest)   exec java $flags -Dcevns.jvm.flags="$flags" ${2:+-Dbench.waveforms=$2} -cp "$cp" eu.ess.cevns.daq.bench.IngestBenchmark ;;
  decoder)  exec java $flags -Dcevns.jvm.flags="$flags" -cp "$cp" eu.ess.cevns.daq.bench.ReadoutDecoderBenchmark ;;
  analysis) exec java $flags -Dcevns.jvm.flags="$flags" ${2:+-Dbench.waveforms=$2} -cp "$cp" eu.ess.cevns.analysis.bench.AnalysisBenchmark ;;
  coverage) exec java $flags ${2:+-Dbench.seeds=$2} -Dbench.svg=src/site/resources/images/fit-coverage.svg -cp "$cp" eu.ess.cevns.analysis.monitor.FitCoverage ;;
  loss)     exec java $flags -Dcevns.jvm.flags="$flags" -Dbench.bareReceiver=simulator/target/bench/bare-receiver -cp "$cp" eu.ess.cevns.daq.bench.LossVsRate ;;
  tcp)      exec java $flags -Dcevns.jvm.flags="$flags" ${2:+-Dbench.pairs=$2} -cp "$cp" eu.ess.cevns.daq.bench.TcpCeiling ;;
  cost)     exec java $flags -Dcevns.jvm.flags="$flags" -cp "$cp" eu.ess.cevns.daq.bench.IngestCost ;;
  lag)      exec java $flags -Dcevns.jvm.flags="$flags" -cp "$cp" eu.ess.cevns.daq.bench.LagUnderLoad ;;
  soak)     exec java $flags -Dcevns.jvm.flags="$flags" ${2:+-Dbench.soak.minutes=$2} -Xmx1g -cp "$cp" eu.ess.cevns.daq.bench.SoakBenchmark ;;
  *) echo "usage: $0 ingest [WAVEFORMS] | decoder | analysis [WAVEFORMS] | coverage [SEEDS] | soak [MINUTES] | loss | tcp [PAIRS] | cost | lag" >&2; exit 2 ;;
esac
