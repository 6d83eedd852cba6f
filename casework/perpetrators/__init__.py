"""The perpetrators of a case: one or more per incident, each with what SIMFONI-PPA asks."""
