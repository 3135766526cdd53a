package org.tiercache.bench;

import org.openjdk.jmh.annotations.Threads;

/** {@link MemoryWorkload} on one thread. */
@Threads(1)
public class MemoryOneThreadBenchmark extends MemoryWorkload {}
