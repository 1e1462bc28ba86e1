#!/usr/bin/perl
# Writes a small MaxMind DB for the tests: `make-test-mmdb.pl FILE [city|country]`.
# Every network and place in it is invented by us for testing (documentation and sample ranges);
# it is not derived from any GeoIP product.
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my ($file, $kind) = @ARGV;
die "usage: $0 FILE [city|country]\n" unless $file;
$kind ||= 'city';

my %types = (
    city => 'map', continent => 'map', country => 'map', location => 'map', names => 'map',
    subdivisions => ['array', 'map'], iso_code => 'utf8_string', en => 'utf8_string',
    latitude => 'double', longitude => 'double', geoname_id => 'uint32', code => 'utf8_string',
);

my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version => 6,
    record_size => 28,
    database_type => $kind eq 'country' ? 'GeoLite2-Country' : 'GeoLite2-City',
    languages => ['en'],
    description => { en => 'Telemetry Desk test data (invented)' },
    map_key_type_callback => sub { $types{ $_[0] } },
    alias_ipv6_to_ipv4 => 1,
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
$tree->insert_network('2a02:ff0::/32', place('DE', 'BE', 'Berlin', 52.5200, 13.4050));
$tree->insert_network('1.0.0.0/24', place('AU'));

open my $fh, '>:raw', $file or die "cannot write $file: $!\n";
$tree->write_tree($fh);
close $fh;
