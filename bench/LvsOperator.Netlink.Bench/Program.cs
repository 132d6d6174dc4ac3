using System.Diagnostics;
using System.Globalization;
using System.Net;
using LvsOperator.Netlink.Ipvs;

// Usage:
//   rules SERVICES DESTS           ipvsadm -R input for the same table, on stdout
//   program SERVICES DESTS         program the table through the adapter (empty table expected), then read it back
// Each run prints "phase wall_s user_s sys_s count" lines measured inside the process, after start-up.
namespace LvsOperator.Netlink.Bench;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: (rules|program) SERVICES DESTS");
            return 2;
        }

        int services = int.Parse(args[1], CultureInfo.InvariantCulture);
        int dests = int.Parse(args[2], CultureInfo.InvariantCulture);
        switch (args[0])
        {
            case "rules":
                Table.WriteRules(Console.Out, services, dests);
                return 0;
            case "program":
                return await ProgramAsync(services, dests);
            default:
                Console.Error.WriteLine("unknown mode " + args[0]);
                return 2;
        }
    }

    private static async Task<int> ProgramAsync(int services, int dests)
    {
        List<IpvsOperation> operations = Table.Operations(services, dests);
        using Meter open = Meter.Start("open");
        using IpvsClient ipvs = await IpvsClient.OpenAsync();
        open.Stop(1);

        // A long-running agent pays JIT once; warm the code paths on a small table, then remove it.
        using (Meter warmup = Meter.Start("warmup"))
        {
            List<IpvsOperation> small = Table.Operations(200, dests, offset: services);
            (await ipvs.ExecuteAsync(small)).ThrowIfAnyFailed();
            foreach (IpvsService service in await ipvs.GetServicesAsync())
            {
                await ipvs.GetDestinationsAsync(service.Key);
            }

            (await ipvs.ExecuteAsync([.. small.Where(o => o.Kind == IpvsOperationKind.AddService).Select(o => IpvsOperation.DeleteService(o.ServiceKey))])).ThrowIfAnyFailed();
            warmup.Stop(small.Count);
        }

        using (Meter program = Meter.Start("program"))
        {
            IpvsBatchResult result = await ipvs.ExecuteAsync(operations);
            program.Stop(operations.Count);
            if (result.FailureCount != 0)
            {
                Console.Error.WriteLine($"{result.FailureCount} operations failed, first: {Enumerable.Range(0, result.Count).Select(result.GetError).First(e => e is not null)!.Message}");
                return 1;
            }
        }

        int read = 0;
        using (Meter dump = Meter.Start("dump"))
        {
            IReadOnlyList<IpvsService> listed = await ipvs.GetServicesAsync();
            foreach (IpvsService service in listed)
            {
                read += (await ipvs.GetDestinationsAsync(service.Key)).Count;
            }

            dump.Stop(listed.Count + read);
            if (listed.Count != services || read != services * dests)
            {
                Console.Error.WriteLine($"read back {listed.Count} services and {read} destinations");
                return 1;
            }
        }

        return 0;
    }
}

/// <summary>The benchmark table: SERVICES TCP services on distinct VIPs, each with DESTS NAT destinations.</summary>
internal static class Table
{
    // Last octets 1..250: no network or broadcast-looking addresses.
    public static IPAddress Vip(int s) => new([10, (byte)(s / 250 >> 8), (byte)(s / 250), (byte)(s % 250 + 1)]);

    public static IPAddress Real(int s, int d) => new([172, (byte)(16 + (d & 15)), (byte)(s / 250), (byte)(s % 250 + 1)]);

    public static List<IpvsOperation> Operations(int services, int dests, int offset = 0)
    {
        var operations = new List<IpvsOperation>(services * (dests + 1));
        for (int s = offset; s < offset + services; s++)
        {
            IpvsServiceKey key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, Vip(s), 80);
            operations.Add(IpvsOperation.AddService(new IpvsService(key) { Scheduler = "wrr" }));
            for (int d = 0; d < dests; d++)
            {
                operations.Add(IpvsOperation.AddDestination(key, new IpvsDestination(Real(s, d), (ushort)(8080 + d)) { Weight = 1 }));
            }
        }

        return operations;
    }

    public static void WriteRules(TextWriter output, int services, int dests)
    {
        for (int s = 0; s < services; s++)
        {
            output.Write(string.Create(CultureInfo.InvariantCulture, $"-A -t {Vip(s)}:80 -s wrr\n"));
            for (int d = 0; d < dests; d++)
            {
                output.Write(string.Create(CultureInfo.InvariantCulture, $"-a -t {Vip(s)}:80 -r {Real(s, d)}:{8080 + d} -m -w 1\n"));
            }
        }
    }
}

/// <summary>Wall clock and this process's user and system CPU over one phase.</summary>
internal sealed class Meter : IDisposable
{
    private readonly string _name;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _user;
    private readonly TimeSpan _system;
    private bool _stopped;

    private Meter(string name)
    {
        _name = name;
        using Process self = Process.GetCurrentProcess();
        _user = self.UserProcessorTime;
        _system = self.PrivilegedProcessorTime;
    }

    public static Meter Start(string name) => new(name);

    public void Stop(int count)
    {
        _wall.Stop();
        using Process self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{_name} {_wall.Elapsed.TotalSeconds:F3} {(self.UserProcessorTime - _user).TotalSeconds:F3} {(self.PrivilegedProcessorTime - _system).TotalSeconds:F3} {count}"));
        _stopped = true;
    }

    public void Dispose()
    {
        if (!_stopped)
        {
            Stop(0);
        }
    }
}
