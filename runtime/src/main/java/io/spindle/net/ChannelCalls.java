package io.spindle.net;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The JDK channel calls that io.spindle.net makes from fibers, each behind a call that C2 cannot
 * inline into the caller.
 *
 * <p>Why: the JDK's socket channels guard read, write, accept, connect, configureBlocking and close
 * with {@code ReentrantLock}s, whose owner is {@code Thread.currentThread()}, the carrier. C2
 * commons {@code Thread.currentThread()} within one compiled method, across calls (see
 * CarrierThread: right for threads, wrong for a raw continuation that parks on one carrier and
 * resumes on another). When {@code SocketChannel.read} was inlined into a fiber's read loop, which
 * parks between two reads, the lock taken after a resume on another carrier named the carrier the
 * fiber ran on before the park: the unlock then failed with IllegalMonitorStateException and left
 * the lock held by a carrier that never releases it, and the next close on either carrier waited
 * forever. Seen in the echo benchmark on 2 carriers (both carriers blocked in
 * {@code SocketChannelImpl.implCloseNonBlockingMode}, each on a lock "held" by the other).
 *
 * <p>So every such call goes through a {@link MethodHandle} held in a NON-final static field
 * (CarrierThread's technique): C2 cannot constant-fold the handle, so the JDK method is compiled in
 * its own frames, which never park, and reads the current thread afresh. Cost: one indirect call.
 */
final class ChannelCalls {
    // deliberately not final: see the class comment
    private static MethodHandle read;
    private static MethodHandle write;
    private static MethodHandle accept;
    private static MethodHandle connect;
    private static MethodHandle finishConnect;
    private static MethodHandle shutdownOutput;
    private static MethodHandle close;
    private static MethodHandle configureNonBlocking;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            read = l.findVirtual(SocketChannel.class, "read", MethodType.methodType(int.class, ByteBuffer.class));
            write = l.findVirtual(SocketChannel.class, "write", MethodType.methodType(int.class, ByteBuffer.class));
            accept = l.findVirtual(ServerSocketChannel.class, "accept", MethodType.methodType(SocketChannel.class));
            connect = l.findVirtual(SocketChannel.class, "connect", MethodType.methodType(boolean.class, SocketAddress.class));
            finishConnect = l.findVirtual(SocketChannel.class, "finishConnect", MethodType.methodType(boolean.class));
            shutdownOutput = l.findVirtual(SocketChannel.class, "shutdownOutput", MethodType.methodType(SocketChannel.class));
            close = l.findStatic(ChannelCalls.class, "closeDirect", MethodType.methodType(void.class, java.nio.channels.Channel.class));
            configureNonBlocking = l.findStatic(ChannelCalls.class, "configureNonBlockingDirect",
                    MethodType.methodType(void.class, java.nio.channels.SelectableChannel.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ChannelCalls() {
    }

    public static int read(SocketChannel ch, ByteBuffer dst) throws IOException {
        try {
            return (int) read.invokeExact(ch, dst);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int write(SocketChannel ch, ByteBuffer src) throws IOException {
        try {
            return (int) write.invokeExact(ch, src);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static SocketChannel accept(ServerSocketChannel ch) throws IOException {
        try {
            return (SocketChannel) accept.invokeExact(ch);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static boolean connect(SocketChannel ch, SocketAddress remote) throws IOException {
        try {
            return (boolean) connect.invokeExact(ch, remote);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static boolean finishConnect(SocketChannel ch) throws IOException {
        try {
            return (boolean) finishConnect.invokeExact(ch);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static void shutdownOutput(SocketChannel ch) throws IOException {
        try {
            SocketChannel ignored = (SocketChannel) shutdownOutput.invokeExact(ch);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static void close(java.nio.channels.Channel ch) throws IOException {
        try {
            close.invokeExact(ch);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** configureBlocking(false). */
    public static void configureNonBlocking(java.nio.channels.SelectableChannel ch) throws IOException {
        try {
            configureNonBlocking.invokeExact(ch);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static void closeDirect(java.nio.channels.Channel ch) throws IOException {
        ch.close();
    }

    private static void configureNonBlockingDirect(java.nio.channels.SelectableChannel ch) throws IOException {
        ch.configureBlocking(false);
    }
}
