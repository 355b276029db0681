package io.spindle.runtime.internal.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** LocalMap against a HashMap model: probing, growth, backward-shift removal, inheritable copies. */
class LocalMapTest {

    @Test
    void givenRandomOperations_whenComparedWithAHashMap_thenEveryReadAgrees() {
        long seed = Long.getLong("spindle.seed", System.nanoTime());
        System.out.println("[seed] LocalMapTest seed=" + seed + " (rerun with -Dspindle.seed=" + seed + ")");
        Random rnd = new Random(seed);
        List<LocalKey> keys = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            keys.add(new LocalKey(i % 3 == 0));
        }
        LocalMap map = new LocalMap();
        Map<LocalKey, Object> model = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            LocalKey k = keys.get(rnd.nextInt(keys.size()));
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    Object v = rnd.nextInt(10) == 0 ? null : op;
                    map.put(k, v);
                    model.put(k, v);
                }
                case 1 -> {
                    Object expected = model.containsKey(k) ? model.remove(k) : LocalMap.ABSENT;
                    assertEquals(expected, map.remove(k), "remove, seed " + seed);
                }
                default -> {
                    Object expected = model.containsKey(k) ? model.get(k) : LocalMap.ABSENT;
                    assertEquals(expected, map.get(k), "get, seed " + seed);
                }
            }
            assertEquals(model.size(), map.size());
        }
        for (LocalKey k : keys) {
            assertEquals(model.containsKey(k) ? model.get(k) : LocalMap.ABSENT, map.get(k));
        }
        boolean anyInheritable = model.keySet().stream().anyMatch(LocalKey::isInheritable);
        assertEquals(anyInheritable, map.hasInheritable());
    }

    @Test
    void givenInheritableAndPlainEntries_whenCopiedForAChild_thenOnlyInheritableOnesThroughChildValue() {
        LocalKey plain = new LocalKey(false);
        LocalKey shared = new LocalKey(true);
        LocalKey copied = new LocalKey(true) {
            @Override
            public Object childValue(Object parentValue) {
                return parentValue + "-child";
            }
        };
        LocalMap parent = new LocalMap();
        assertNull(parent.inheritableCopy());
        parent.put(plain, "p");
        assertNull(parent.inheritableCopy(), "nothing inheritable: no map for the child");
        Object value = new Object();
        parent.put(shared, value);
        parent.put(copied, "v");
        LocalMap child = parent.inheritableCopy();
        assertSame(LocalMap.ABSENT, child.get(plain));
        assertSame(value, child.get(shared));
        assertEquals("v-child", child.get(copied));
        parent.remove(shared);
        parent.remove(copied);
        assertFalse(parent.hasInheritable());
        assertTrue(child.hasInheritable());
    }
}
