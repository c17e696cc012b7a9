package org.wsusctl.remote.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.apache.cxf.Bus;
import org.apache.cxf.wsdl.WSDLManager;
import io.cloudsoft.winrm4j.client.WinRmService;
import org.junit.jupiter.api.Test;

/** The runtime built ahead on its own thread: who owns it, and that nobody leaks it. */
class WinRmRuntimeTest {

    @Test
    void takenRuntimeIsReadyWithTheWsdlCachedAndTheFactoryShutsItDown() throws Exception {
        WinRmRuntime runtime;
        try (WinRmRuntime.Pending pending = WinRmRuntime.startInBackground()) {
            runtime = pending.take();
        } // closing after take must not shut down what the caller now owns
        Bus bus = runtime.bus();
        assertEquals(org.apache.cxf.Bus.BusState.RUNNING, bus.getState());
        assertTrue(bus.getExtension(WSDLManager.class).getDefinitions()
                .containsKey(WinRmService.WSDL_LOCATION.toString()), "the WSDL is parsed before any host");
        new WinRmShellFactory(runtime, h -> java.util.Optional.empty(), TransportSettings.defaults()).close();
        assertEquals(org.apache.cxf.Bus.BusState.SHUTDOWN, bus.getState());
    }

    @Test
    void aRuntimeNobodyTookIsShutDownOnceBuilt() throws Exception {
        WinRmRuntime.Pending pending = WinRmRuntime.startInBackground();
        pending.close(); // e.g. --list-hosts, or a bad inventory: the run ends before any host
        WinRmRuntime runtime = pending.future().get(60, TimeUnit.SECONDS);
        Bus bus = runtime.bus();
        // the shutdown runs right after the build completes, on the building thread or this one
        for (int i = 0; i < 600 && bus.getState() != Bus.BusState.SHUTDOWN; i++) {
            Thread.sleep(50);
        }
        assertEquals(Bus.BusState.SHUTDOWN, bus.getState());
        assertThrows(IllegalStateException.class, pending::take, "closed means nobody may take it any more");
    }

    @Test
    void aRuntimeIsTakenOnce() {
        try (WinRmRuntime.Pending pending = WinRmRuntime.startInBackground()) {
            WinRmRuntime runtime = pending.take();
            try {
                assertThrows(IllegalStateException.class, pending::take);
            } finally {
                runtime.close();
            }
        }
    }

    @Test
    void onDemandBuildsNothingUntilTaken() {
        WinRmRuntime.Pending nothing = WinRmRuntime.onDemand();
        nothing.close(); // a listing: nothing was built, nothing to shut down
        assertThrows(IllegalStateException.class, nothing::take);
        try (WinRmRuntime.Pending later = WinRmRuntime.onDemand()) {
            WinRmRuntime runtime = later.take();
            try {
                assertEquals(Bus.BusState.RUNNING, runtime.bus().getState());
            } finally {
                runtime.close();
            }
        }
    }
}
