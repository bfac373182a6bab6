// The finder's GraphQL documents: public, no sign-in (api/src/schema/find.ts).
import { graphql } from '../../lib/graphql.ts';

export const FindStationsQuery = graphql(`
  query FindStations($lat: Float, $lng: Float, $city: String, $district: String, $accepting: Boolean) {
    findStations(lat: $lat, lng: $lng, cityCode: $city, district: $district, acceptingOnly: $accepting, first: 10) {
      code
      name
      address
      district
      lat
      lng
      distanceKm
      status
      accepting
      binFill
      lastReportedAt
    }
  }
`);

export const FindCitiesQuery = graphql(`
  query FindCities {
    cities {
      code
      nameZh
      nameEn
    }
  }
`);

export const DistrictsQuery = graphql(`
  query Districts($c: String!) {
    cityDistricts(cityCode: $c) {
      name
      stations
    }
  }
`);
