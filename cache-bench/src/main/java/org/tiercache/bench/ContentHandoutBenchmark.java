package org.tiercache.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How a hit hands content out so that the caller cannot change what the cache holds: a copy of the
 * array, or a read-only view. This decided the shape of {@code CacheTier.get}, which returns a
 * read-only {@link ByteBuffer}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ContentHandoutBenchmark {
  @Param({"1024", "65536"})
  int size;

  private byte[] stored;
  private ByteBuffer view;

  @Setup
  public void setUp() {
    stored = new byte[size];
    view = ByteBuffer.wrap(stored).asReadOnlyBuffer();
  }

  /** What a tier that copies on every get pays. */
  @Benchmark
  public byte[] copyOfArray() {
    return stored.clone();
  }

  /** What the memory tier pays: one small object, whatever the size. */
  @Benchmark
  public ByteBuffer readOnlyView() {
    return view.duplicate();
  }
}
