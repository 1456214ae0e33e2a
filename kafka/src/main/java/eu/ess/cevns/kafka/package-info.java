/**
 * cevns-daq as a citizen of the ESS streaming backbone (DESIGN §10): {@code schema} holds the ESS
 * FlatBuffers messages, written by hand from the schemas' field tables; {@code publish} is the
 * run-store publisher, a server extension that tails the run store into Kafka and drives the
 * file-writer's run control; {@code consume} is the combined analysis of several detectors from
 * their topics. The server knows nothing of Kafka: {@code deploy} decides whether to attach it.
 */
package eu.ess.cevns.kafka;
