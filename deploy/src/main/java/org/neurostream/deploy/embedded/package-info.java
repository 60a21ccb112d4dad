/**
 * The embedded runtime: a single-node Kafka broker (KRaft) and a Flink MiniCluster in one JVM,
 * started by {@link org.neurostream.deploy.embedded.EmbeddedRuntime#start} for the command line,
 * demos and integration tests.
 */
package org.neurostream.deploy.embedded;
