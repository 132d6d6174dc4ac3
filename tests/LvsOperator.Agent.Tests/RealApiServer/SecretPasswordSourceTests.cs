using LvsOperator.Agent.Bgp;
using LvsOperator.Core.Kernel;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Agent.Tests.RealApiServer;

/// <summary>
/// Issue 17: the agent reads a BGP session's MD5 password with its own token from a Secret it is granted by name, and
/// gets nothing from one it is not granted or that lacks the key (each such session is left out, the others go on).
/// </summary>
[Collection(AgentCluster.Name)]
public sealed class SecretPasswordSourceTests(AgentClusterFixture cluster)
{
    private const string Ns = AgentClusterFixture.Namespace;

    [Fact]
    public async Task Only_the_granted_secrets_key_is_read()
    {
        var granted = new BgpPasswordRef(Ns, "bgp-auth", "password");
        var wrongKey = new BgpPasswordRef(Ns, "bgp-auth", "md5");
        var forbidden = new BgpPasswordRef(Ns, "not-granted", "password");
        var absent = new BgpPasswordRef(Ns, "no-such-secret", "password");
        var source = new SecretPasswordSource(cluster.Agent, NullLogger<SecretPasswordSource>.Instance);

        var passwords = await source.ReadAsync([granted, wrongKey, forbidden, absent], CancellationToken.None);

        Assert.Equal([granted], passwords.Keys);
        Assert.Equal("s3cret-md5", passwords[granted]);
    }
}
