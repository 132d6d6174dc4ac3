using System.Net;
using LvsOperator.Vrrp.Election;

namespace LvsOperator.Vrrp.Tests.Election;

/// <summary>One simulated node: its instance, what it was told to do and when, and whether it holds the VIPs.</summary>
internal sealed class Router(Lan lan, VrrpInstance instance, IPAddress address)
{
    public VrrpInstance Instance { get; } = instance;

    public IPAddress Address { get; } = address;

    /// <summary>Off the link: sends reach no one and nothing reaches it (a partition or a dead node).</summary>
    public bool Connected { get; set; } = true;

    public bool HoldsAddresses { get; private set; }

    /// <summary>Each command with the time and the state the instance was in once the event was handled.</summary>
    public List<(TimeSpan At, VrrpState State, VrrpCommand Command)> Log { get; } = [];

    public VrrpState State => Instance.State;

    public void Start() => Apply(Instance.Start());

    public void Shutdown() => Apply(Instance.Shutdown());

    public IEnumerable<T> Commands<T>() where T : VrrpCommand => Log.Select(l => l.Command).OfType<T>();

    /// <summary>When this router last entered <paramref name="state"/>.</summary>
    public TimeSpan? Entered(VrrpState state) =>
        Log.Where(l => l.Command is VrrpStateChanged c && c.To == state).Select(l => (TimeSpan?)l.At).LastOrDefault();

    public void Apply(IReadOnlyList<VrrpCommand> commands)
    {
        foreach (var command in commands)
        {
            Log.Add((lan.Now, Instance.State, command));
            switch (command)
            {
                case AddVirtualAddresses:
                    HoldsAddresses = true;
                    break;
                case RemoveVirtualAddresses:
                    HoldsAddresses = false;
                    break;
                case SendAdvertisement send:
                    lan.Deliver(this, send);
                    break;
            }
        }
    }
}
