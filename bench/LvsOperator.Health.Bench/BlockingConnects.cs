using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Health.Bench;

/// <summary>
/// The least a TCP check can cost: socket, SO_LINGER 0, a blocking connect, close (a reset), back to back on one
/// thread. <see cref="MeasureBare"/> makes those four system calls through libc and nothing else: the kernel's
/// floor. <see cref="MeasureManaged"/> makes them through <see cref="Socket"/> (the floor the issue first quoted).
/// What a checker spends above the bare floor is its own (readiness waits, timers, the scheduler).
/// </summary>
internal static unsafe class BlockingConnects
{
    public static Cost MeasureBare(IReadOnlyList<IPEndPoint> endpoints, int connects)
    {
        var addresses = endpoints.Select(Address).ToArray();
        return Measure(connects, i =>
        {
            var fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
            var reset = new linger { l_onoff = 1, l_linger = 0 };
            var address = addresses[i % addresses.Length];
            var failed = setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, (uint)sizeof(linger)) != 0
                || connect(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_in)) != 0;
            _ = close(fd);
            if (failed) throw new InvalidOperationException($"floor connect failed: errno {errno}");
        });
    }

    public static Cost MeasureManaged(IReadOnlyList<IPEndPoint> endpoints, int connects) => Measure(connects, i =>
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { LingerState = new LingerOption(true, 0) };
        socket.Connect(endpoints[i % endpoints.Count]);
    });

    /// <summary>
    /// The connects' CPU on this thread alone (getrusage RUSAGE_THREAD): the runtime's other threads (tiered JIT,
    /// the GC, the listeners' process is apart anyway) do not inflate the floor.
    /// </summary>
    private static Cost Measure(int connects, Action<int> connect)
    {
        connect(0);
        var (system, user) = ThreadTimes();
        for (var i = 0; i < connects; i++) connect(i);
        var (systemAfter, userAfter) = ThreadTimes();
        return new Cost((systemAfter - system) / connects, (userAfter - user) / connects);
    }

    private static (TimeSpan System, TimeSpan User) ThreadTimes()
    {
        // struct rusage (include/uapi/linux/resource.h): ru_utime and ru_stime, two struct timeval, then 14 longs.
        var usage = stackalloc long[18];
        if (getrusage(RusageThread, usage) != 0) throw new InvalidOperationException($"getrusage: errno {Marshal.GetLastPInvokeError()}");
        static TimeSpan Time(long seconds, long microseconds) => TimeSpan.FromSeconds(seconds) + TimeSpan.FromMicroseconds(microseconds);
        return (Time(usage[2], usage[3]), Time(usage[0], usage[1]));
    }

    private const int RusageThread = 1;

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, long* usage);

    private static sockaddr_in Address(IPEndPoint endpoint)
    {
        var address = new sockaddr_in { sin_family = AF_INET, sin_port = htons((ushort)endpoint.Port) };
        endpoint.Address.TryWriteBytes(new Span<byte>(address.sin_addr.s_addr, 4), out _);
        return address;
    }
}

/// <summary>CPU per connect or per check.</summary>
internal readonly record struct Cost(TimeSpan System, TimeSpan User)
{
    public TimeSpan Total => System + User;

    /// <summary>Percent of one core at <paramref name="perSecond"/> of these.</summary>
    public double CorePercent(double perSecond) => Total.TotalSeconds * perSecond * 100;
}
