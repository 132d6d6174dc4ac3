using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using LvsOperator.Core.Kernel;
using LvsOperator.Netlink;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Node.Ledger;

namespace LvsOperator.Cli.List;

/// <summary>
/// <c>lvsctl list</c>: the kernel's IPVS table in this network namespace, in <c>ipvsadm -L -n</c>'s
/// layout, for an admin on a node (<c>kubectl exec</c>) who has no ipvsadm there. Services and
/// destinations come over netlink, connections from <c>/proc/net/ip_vs_conn</c> (IPVS has no netlink
/// command for them), ownership from the agent's ledger.
/// </summary>
internal static class ListCommand
{
    public const string DefaultStateDirectory = "/var/lib/lvs-operator";

    /// <summary>lvsctl's 1: here, the kernel or the ledger could not be read.</summary>
    private const int ReadFailed = ExitCodes.Invalid;

    public static Command Create(TextWriter stdout, TextWriter stderr) => Create(stdout, stderr, ListSources.Kernel);

    internal static Command Create(TextWriter stdout, TextWriter stderr, ListSources sources)
    {
        var stats = new Option<bool>("--stats") { Description = "Counters instead: Conns, InPkts, OutPkts, InBytes, OutBytes (ipvsadm -L -n --stats)." };
        var rate = new Option<bool>("--rate") { Description = "Rates instead: CPS, InPPS, OutPPS, InBPS, OutBPS (ipvsadm -L -n --rate)." };
        var thresholds = new Option<bool>("--thresholds") { Description = "Upper and lower connection thresholds of each real server (ipvsadm -L -n --thresholds)." };
        var persistent = new Option<bool>("--persistent-conn")
        {
            Description = "Persistence templates per real server (ipvsadm -L -n --persistent-conn); with --connections, each connection's persistence engine data.",
        };
        var connections = new Option<bool>("--connections", "-c")
        {
            Description = "The connection table instead, from /proc/net/ip_vs_conn (ipvsadm -L -n -c), sorted by virtual address and port, protocol, client, real server; not marked, and no ledger is read.",
        };
        var stateDir = new Option<string>("--state-dir")
        {
            Description = "The agent's state directory, whose ledger.json says which services are LvsOperator's.",
            DefaultValueFactory = _ => DefaultStateDirectory,
        };
        var command = new Command("list",
            "List the kernel's IPVS table in this network namespace, as 'ipvsadm -L -n' prints it: same header, columns and " +
            "number format. Services are sorted by firewall mark (address services first), family, protocol, address and port, " +
            "real servers by address and port (ipvsadm's keys, compared as unsigned numbers). A service the LvsOperator agent " +
            "owns, and each of its real servers, ends in ' [lvs]' after the last column; without that suffix a line is " +
            "ipvsadm's. Exit codes: 0 listed, 1 IPVS or the ledger could not be read, 2 usage.")
        {
            stats, rate, thresholds, persistent, connections, stateDir,
        };
        command.Validators.Add(result =>
        {
            var views = new[] { stats, rate, thresholds, persistent }.Where(o => result.GetValue(o)).Select(o => o.Name).ToList();
            if (result.GetValue(connections))
            {
                var other = views.Where(v => v != persistent.Name).ToList();
                if (other.Count > 0) result.AddError($"--connections lists connections; it does not combine with {string.Join(", ", other)}");
            }
            else if (views.Count > 1)
            {
                result.AddError($"choose one of {string.Join(", ", views)}");
            }
        });
        command.SetAction(parsed =>
        {
            var view = parsed.GetValue(stats) ? ListView.Stats
                : parsed.GetValue(rate) ? ListView.Rate
                : parsed.GetValue(thresholds) ? ListView.Thresholds
                : parsed.GetValue(persistent) ? ListView.PersistentConnections
                : ListView.Default;
            return parsed.GetValue(connections)
                ? ListConnections(sources, view == ListView.PersistentConnections, stdout, stderr)
                : ListTable(sources, view, parsed.GetValue(stateDir)!, stdout, stderr);
        });
        return command;
    }

    /// <remarks>
    /// Synchronous on purpose: the netlink socket and the procfs file must belong to the invoking
    /// thread's network namespace, and the awaited calls below never resume on the caller's context.
    /// </remarks>
    private static int ListTable(ListSources sources, ListView view, string stateDirectory, TextWriter stdout, TextWriter stderr)
    {
        ImmutableHashSet<ServiceKey> owned;
        var ledger = new LedgerStore(stateDirectory);
        try
        {
            owned = ledger.Load().Services;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"lvsctl: cannot read the ownership ledger {ledger.Path}: {e.Message}");
            return ReadFailed;
        }

        if (!TryOpen(sources, stderr, out var ipvs)) return ReadFailed;
        IpvsTableSnapshot table;
        try
        {
            table = IpvsTableReader.ReadAsync(ipvs, owned, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e) when (IsKernelFailure(e))
        {
            stderr.WriteLine(Describe(e));
            return ReadFailed;
        }
        finally
        {
            ipvs.Dispose();
        }

        stdout.Write(IpvsTableFormatter.Format(table, view));
        return ExitCodes.Ok;
    }

    private static int ListConnections(ListSources sources, bool persistenceEngine, TextWriter stdout, TextWriter stderr)
    {
        // Opening IPVS loads ip_vs if it is a module, which is what creates ip_vs_conn.
        if (!TryOpen(sources, stderr, out var ipvs)) return ReadFailed;
        string text;
        try
        {
            text = sources.ReadConnections();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"lvsctl: cannot read the IPVS connection table: {e.Message}");
            return ReadFailed;
        }
        finally
        {
            ipvs.Dispose();
        }

        var table = IpvsConnectionParser.Parse(text);
        stdout.Write(IpvsConnectionFormatter.Format(table.Connections, persistenceEngine));
        if (table.UnreadableLines > 0)
            stderr.WriteLine($"lvsctl: warning: skipped {table.UnreadableLines} line(s) of ip_vs_conn not in the kernel's format");
        return ExitCodes.Ok;
    }

    private static bool TryOpen(ListSources sources, TextWriter stderr, [NotNullWhen(true)] out IIpvsClient? ipvs)
    {
        try
        {
            ipvs = sources.OpenIpvsAsync(CancellationToken.None).GetAwaiter().GetResult();
            return true;
        }
        catch (NetlinkException e) when (e.IsNotFound)
        {
            // ipvsadm: "Can't initialize ipvs: ... Are you sure that IP Virtual Server is built in the kernel or as module?"
            stderr.WriteLine("lvsctl: cannot read IPVS: this kernel has no IP Virtual Server (no generic netlink family \"IPVS\"); " +
                             "is ip_vs built in, or a module this node can load?");
        }
        catch (Exception e) when (IsKernelFailure(e))
        {
            stderr.WriteLine(Describe(e));
        }

        ipvs = null;
        return false;
    }

    private static bool IsKernelFailure(Exception e) => e is NetlinkException or NetlinkProtocolException or IOException or UnauthorizedAccessException;

    private static string Describe(Exception e) => e switch
    {
        NetlinkException { Errno: Errnos.EPERM } => "lvsctl: cannot read IPVS: permission denied; reading the IPVS table needs CAP_NET_ADMIN (run as root)",
        NetlinkDumpInterruptedException => $"lvsctl: cannot read IPVS: the table changed while it was read, run it again ({e.Message})",
        _ => $"lvsctl: cannot read IPVS: {e.Message}",
    };
}
