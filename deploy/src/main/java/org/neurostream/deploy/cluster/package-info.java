/**
 * A standalone Flink session cluster of separate JVMs (a JobManager and N TaskManagers, Flink's own
 * entry classes from the command-line jar) on this host, its REST view, and submitting the
 * NeuroStream job to it; behind {@code neurostream cluster}.
 */
package org.neurostream.deploy.cluster;
