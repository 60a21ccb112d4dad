/** NeuroStream sinks module. */
package org.neurostream.sinks;
