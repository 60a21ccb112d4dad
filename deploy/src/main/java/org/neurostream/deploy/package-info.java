/** NeuroStream deploy module. */
package org.neurostream.deploy;
