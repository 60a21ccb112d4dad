/** NeuroStream ingest module. */
package org.neurostream.ingest;
