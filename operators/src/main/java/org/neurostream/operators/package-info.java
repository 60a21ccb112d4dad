/** NeuroStream operators module. */
package org.neurostream.operators;
