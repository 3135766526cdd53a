/** A tier module with one good provider and one whose constructor throws. */
module fixture.modular {
  requires org.tiercache.api;

  provides org.tiercache.api.CacheTierProvider with
      fixture.modular.ModularProvider, fixture.modular.FailingModularProvider;
}
