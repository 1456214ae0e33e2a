/**
 * The ESS streaming-data-types messages this project reads and writes (ev44 events, se00 arrays,
 * f144 logs, ep01 connection states, al00 alarms, x5f2 statuses, pl72/6s4t run control, the
 * file-writer's answ/wrdn), written by hand on flatbuffers-java from the schemas' field tables
 * (the schemas declare no namespace, and generated code would tie the project to one flatc).
 * {@link eu.ess.cevns.kafka.schema.FlatTable} reads a message with every offset checked, so a
 * malformed message is a {@link eu.ess.cevns.kafka.schema.SchemaException}, never a crash; the
 * event and array writers fill their vectors with bulk copies. The golden messages of ESS's
 * reference serialisers ({@code ../shared/testdata/ess-streaming/}) are the tests' oracle.
 */
package eu.ess.cevns.kafka.schema;
