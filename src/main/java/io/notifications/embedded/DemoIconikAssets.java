package io.notifications.embedded;

import java.util.List;

/** The demo content of the iconik simulator: three assets from the shared media, all in one collection. */
final class DemoIconikAssets {

    static final String COLLECTION = "c0ffee00-0000-4000-8000-000000000001";
    static final List<String[]> ASSETS = List.of(
            new String[] {"a55e7000-0000-4000-8000-000000000001", "astronaut.png", "image/png"},
            new String[] {"a55e7000-0000-4000-8000-000000000002", "coffee.png", "image/png"},
            new String[] {"a55e7000-0000-4000-8000-000000000003", "Megamind.avi", "video/x-msvideo"});

    private DemoIconikAssets() {
    }

    static void seed(IconikSimulator simulator) {
        for (String[] asset : ASSETS) {
            simulator.addDemoAsset(asset[0], asset[0].replace("a55e7000", "7e510000"), asset[1], asset[2]);
        }
        simulator.addCollection(COLLECTION, ASSETS.stream().map(a -> a[0]).toList());
    }
}
