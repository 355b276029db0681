package io.spindle.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class TraceToPngTest {

    @Test
    void givenASkynetTrace_whenRendered_thenThePngShowsOneRowPerCarrier(@TempDir Path dir) throws Exception {
        // given
        Path json = dir.resolve("skynet.json");
        Path png = dir.resolve("skynet.png");
        System.setProperty("java.awt.headless", "true");
        SkynetTrace.main(new String[] {json.toString(), "100", "2"});

        // when
        TraceToPng.Trace t = TraceToPng.load(json);
        TraceToPng.main(new String[] {json.toString(), png.toString()});

        // then: 111 fibers ran, every one to its end, on the two carrier tracks
        assertEquals(111, t.slices().stream().mapToLong(TraceToPng.Slice::fiber).distinct().count());
        assertEquals(111, t.slices().stream().filter(s -> "done".equals(s.endReason())).count());
        assertTrue(t.tracks().values().containsAll(java.util.List.of("skynet-carrier-0", "skynet-carrier-1")));
        BufferedImage img = ImageIO.read(Files.newInputStream(png));
        assertEquals(1600, img.getWidth());
    }
}
