package io.spindle.bench.compare;

import io.spindle.bench.Result;
import io.spindle.bench.chan.SpindleChannels;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** Draws the compare chart with JFreeChart: median ns/op per workload and implementation, log scale. */
final class ChartReport {
    private ChartReport() {
    }

    static void write(Comparison c, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        c.cells.forEach((w, row) -> {
            for (String impl : c.impls) {
                Result m = c.cell(w, impl).median();
                if (m != null && !m.measuresMemory() && m.nsPerOp() > 0) {
                    data.addValue(m.nsPerOp(), impl, w);
                }
            }
        });
        LogAxis values = new LogAxis("median ns/op (log scale, lower is better)");
        values.setSmallestValue(10);
        values.setTickUnit(new NumberTickUnit(1.0)); // one tick per power of ten
        values.setNumberFormatOverride(new DecimalFormat("#,##0"));
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setItemMargin(0.02);
        CategoryAxis workloads = new CategoryAxis("workload");
        workloads.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        CategoryPlot plot = new CategoryPlot(data, workloads, values, bars);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setRangeGridlinesVisible(true);
        JFreeChart chart = new JFreeChart("Spindle vs Loom, Kotlin and Go, " + c.date + " (Spindle channels: " + SpindleChannels.KIND
                + ")", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 560);
    }
}
