/**
 * An example application: a service that hands out mail attachments, fetched from a slow origin
 * once and then served from a memory + disk stack, as the seed's mail proxy did.
 *
 * <p>It requires only the composer (which brings the API); the tiers the stack names ({@code memory},
 * {@code disk}) are found at run time through {@link java.util.ServiceLoader}, so their modules need
 * only be on the module path.
 *
 * <p>It publishes the stack's statistics to a Micrometer registry through
 * {@code org.tiercache.micrometer}, which brings Micrometer's {@code micrometer.core}.
 */
module org.tiercache.example.attachments {
  requires org.tiercache.tiered;
  requires org.tiercache.micrometer;
  requires org.slf4j;
}
