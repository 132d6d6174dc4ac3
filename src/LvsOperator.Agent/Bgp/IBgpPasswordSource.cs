using LvsOperator.Core.Kernel;

namespace LvsOperator.Agent.Bgp;

/// <summary>Where the TCP MD5 passwords of BGP sessions come from (issue 17).</summary>
internal interface IBgpPasswordSource
{
    /// <summary>The passwords it could read; one missing is left out of the answer (the renderer leaves its session out).</summary>
    Task<IReadOnlyDictionary<BgpPasswordRef, string>> ReadAsync(IEnumerable<BgpPasswordRef> wanted, CancellationToken cancellationToken);
}

/// <summary>Without a cluster (manifest mode) there are no Secrets: a session with a password is left out, said so.</summary>
internal sealed class NoBgpPasswords : IBgpPasswordSource
{
    public Task<IReadOnlyDictionary<BgpPasswordRef, string>> ReadAsync(IEnumerable<BgpPasswordRef> wanted, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<BgpPasswordRef, string>>(new Dictionary<BgpPasswordRef, string>());
}
