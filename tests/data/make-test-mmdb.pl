#!/usr/bin/perl
# Writes a small MaxMind DB for the tests: `make-test-mmdb.pl FILE [city|country]`.
# "city" (the default) is shaped like GeoLite2-City, "country" like GeoLite2-Country.
# Every network and place in it is invented by us for testing (documentation and sample ranges);
# none of it comes from any GeoIP product.
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my ($file, $kind) = @ARGV;
$kind //= 'city';
die "usage: $0 FILE [city|country]\n" unless defined $file && $kind =~ /^(city|country)$/;

my %types = (
    city => 'map', country => 'map', location => 'map', names => 'map',
    subdivisions => ['array', 'map'], iso_code => 'utf8_string', en => 'utf8_string',
    latitude => 'double', longitude => 'double',
);

my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version => 6,
    record_size => 28,
    database_type => $kind eq 'country' ? 'GeoLite2-Country' : 'GeoLite2-City',
    languages => ['en'],
    description => { en => 'Telemetry Desk test data (invented)' },
    map_key_type_callback => sub { $types{ $_[0] } },
    # Off, unlike the real databases, so that the IPv4-mapped cases prove GeoIp converts
    # ::ffff:a.b.c.d itself.
    alias_ipv6_to_ipv4 => 0,
    # Needed for 2001:db8::/32 (documentation) and for the traps below.
    remove_reserved_networks => 0,
);

sub place {
    my ($country, $region, $city, $lat, $lon) = @_;
    my %p = (country => { iso_code => $country });
    return \%p if $kind eq 'country' || !defined $city;
    $p{subdivisions} = [{ iso_code => $region }];
    $p{city} = { names => { en => $city } };
    $p{location} = { latitude => $lat, longitude => $lon };
    return \%p;
}

$tree->insert_network('81.2.69.0/24', place('GB', 'ENG', 'London', 51.5142, -0.0931));
$tree->insert_network('89.160.20.0/24', place('SE', 'E', "Link\x{f6}ping", 58.4167, 15.6167));
$tree->insert_network('216.160.83.56/29', place('US', 'WA', 'Milton', 47.2513, -122.3149));
$tree->insert_network('2001:db8::/32', place('DE', 'BE', 'Berlin', 52.5200, 13.4050));
$tree->insert_network('1.0.0.0/24', place('AU'));

# Traps: real databases hold nothing for private, loopback and link-local space; these entries
# make the tests prove that GeoIp never even asks.
$tree->insert_network($_, place('ZZ', 'ZZ', 'Trap', 0, 0)) for qw(
    0.0.0.0/8 10.0.0.0/8 100.64.0.0/10 127.0.0.0/8 169.254.0.0/16 172.16.0.0/12 192.168.0.0/16
    224.0.0.0/3 fc00::/7 fe80::/10 ff00::/8);

open my $fh, '>:raw', $file or die "cannot write $file: $!\n";
$tree->write_tree($fh);
close $fh or die "cannot write $file: $!\n";
