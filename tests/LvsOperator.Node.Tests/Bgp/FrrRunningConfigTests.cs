using LvsOperator.Node.Bgp;

namespace LvsOperator.Node.Tests.Bgp;

public sealed class FrrRunningConfigTests
{
    [Fact]
    public void Every_network_of_the_default_instance_is_withdrawn_per_family_and_nothing_of_another_instance()
    {
        // FRR 8.4's `vtysh -d bgpd -c 'show running-config'`, trimmed, with a VRF instance the agent did not make.
        const string Running = """
            Building configuration...

            Current configuration:
            !
            frr version 8.4.4
            frr defaults traditional
            !
            router bgp 64512
             bgp router-id 198.18.0.21
             neighbor 192.0.2.1 remote-as 64500
             neighbor 192.0.2.1 description lvs-operator 0123456789abcdef
             neighbor 2001:db8::1 remote-as 64500
             !
             address-family ipv4 unicast
              network 192.0.2.120/32
              network 192.0.2.121/32 route-map lvs-vip-192-0-2-121
              neighbor 192.0.2.1 activate
             exit-address-family
             !
             address-family ipv6 unicast
              network 2001:db8::80/128
              neighbor 2001:db8::1 activate
             exit-address-family
            exit
            !
            router bgp 64513 vrf blue
             !
             address-family ipv4 unicast
              network 203.0.113.9/32
             exit-address-family
            exit
            !
            end
            """;

        Assert.Equal(
            ["configure terminal", "router bgp 64512",
                "address-family ipv4 unicast", "no network 192.0.2.120/32", "no network 192.0.2.121/32", "exit-address-family",
                "address-family ipv6 unicast", "no network 2001:db8::80/128", "exit-address-family", "end"],
            FrrRunningConfig.WithdrawCommands(Running));
    }

    [Theory]
    [InlineData("")]
    [InlineData("frr defaults traditional\n!\nrouter bgp 64512\n neighbor 192.0.2.1 remote-as 64500\n no bgp network import-check\nexit\n!\nend\n")]
    public void A_bgpd_that_announces_nothing_needs_no_change(string running) =>
        Assert.Empty(FrrRunningConfig.WithdrawCommands(running));
}
