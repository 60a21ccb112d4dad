/** NeuroStream models module. */
package org.neurostream.models;
