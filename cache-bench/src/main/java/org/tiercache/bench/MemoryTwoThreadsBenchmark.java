package org.tiercache.bench;

import org.openjdk.jmh.annotations.Threads;

/** {@link MemoryWorkload} on two threads, as many as the machines the project runs on have cores. */
@Threads(2)
public class MemoryTwoThreadsBenchmark extends MemoryWorkload {}
