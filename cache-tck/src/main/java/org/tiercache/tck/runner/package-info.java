/**
 * The kit's runner: {@link org.tiercache.tck.runner.TckRunner} runs every suite of {@link
 * org.tiercache.tck} against every tier provider on the module path and prints one row per tier and
 * rule group.
 *
 * <p>It is a package of its own, apart from the suites, so that the suites depend on nothing of
 * the runner: the runner's provider-driven suites extend the public ones, and the runner uses them.
 *
 * @since 0.2
 */
package org.tiercache.tck.runner;
