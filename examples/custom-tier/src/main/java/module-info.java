/**
 * An example of a tier of one's own: {@code deflate} keeps content deflated in the heap, so that
 * compressible content (mail bodies, JSON, logs) takes a fraction of the heap a plain memory tier
 * needs for it.
 *
 * <p>Like every tier module it exports nothing: users reach the tier through
 * {@code TierDiscovery.scan().provider("deflate")}. It declares the provider here, for the module path, and
 * in {@code META-INF/services/org.tiercache.api.CacheTierProvider}, for the class path.
 *
 * @provides org.tiercache.api.CacheTierProvider the {@code deflate} tier
 */
module org.tiercache.example.deflate {
  requires org.tiercache.api;
  requires org.slf4j; // to report an eviction listener that throws

  provides org.tiercache.api.CacheTierProvider with
      org.tiercache.example.deflate.DeflateTierProvider;
}
