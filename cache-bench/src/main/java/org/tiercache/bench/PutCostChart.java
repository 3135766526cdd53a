package org.tiercache.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the report's charts from the CSVs that {@code report.py} writes ({@code series,x,y} lines
 * under a header). {@code java -cp benchmarks.jar org.tiercache.bench.PutCostChart data.csv chart.png}
 * draws disk put cost against entries held, both axes logarithmic, so a cost that grows with the
 * entry count is a rising line and a constant cost a flat one. With {@code memory} as a third
 * argument it draws the memory tier's get-hit ratio to Caffeine against entries held (entries
 * logarithmic, the ratio linear, 1.0 meaning as fast).
 */
public final class PutCostChart {
  private PutCostChart() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2 && !(args.length == 3 && args[2].equals("memory"))) {
      throw new IllegalArgumentException("usage: PutCostChart DATA.csv CHART.png [memory]");
    }
    boolean memory = args.length == 3;
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",");
      series.computeIfAbsent(fields[0], name -> new ArrayList<>())
          .add(new double[] {Double.parseDouble(fields[1]), Double.parseDouble(fields[2])});
    }
    XYChart chart = memory
        ? new XYChartBuilder().width(900).height(540)
            .title("Memory tier get-hit throughput over Caffeine's, by working set")
            .xAxisTitle("entries held (log)").yAxisTitle("tiercache / Caffeine (1.0: as fast)")
            .build()
        : new XYChartBuilder().width(900).height(540)
            .title("Disk put cost against entries held (full store, every put evicts)")
            .xAxisTitle("entries held (log)").yAxisTitle("microseconds per put (log)").build();
    chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(!memory)
        .setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(8)
        .setChartBackgroundColor(java.awt.Color.WHITE);
    for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
      List<double[]> points = entry.getValue();
      points.sort((a, b) -> Double.compare(a[0], b[0]));
      double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
      double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
      XYSeries line = chart.addSeries(entry.getKey(), x, y);
      line.setMarker(SeriesMarkers.CIRCLE);
    }
    Path out = Path.of(args[1]);
    BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    System.out.println("wrote " + out.toAbsolutePath());
  }
}
