from api.serializers.events import AttackSerializer, StatementSerializer, WaveSerializer
from api.serializers.figures import (
    CasualtySerializer,
    FigureHistoryItemSerializer,
    ForceDeploymentSerializer,
    ForceDeploymentStatusSerializer,
    ForceStrengthSerializer,
)
from api.serializers.reference import (
    ActorSerializer,
    LocationSerializer,
    SourceSerializer,
    TargetTypeSerializer,
    WeaponSerializer,
)
from api.serializers.summaries import (
    CasualtySummaryQuerySerializer,
    CasualtySummarySerializer,
    WaveSummarySerializer,
)
from api.serializers.sync import DeletionSerializer

__all__ = [
    "ActorSerializer",
    "AttackSerializer",
    "CasualtySerializer",
    "CasualtySummaryQuerySerializer",
    "CasualtySummarySerializer",
    "DeletionSerializer",
    "FigureHistoryItemSerializer",
    "ForceDeploymentSerializer",
    "ForceDeploymentStatusSerializer",
    "ForceStrengthSerializer",
    "LocationSerializer",
    "SourceSerializer",
    "StatementSerializer",
    "TargetTypeSerializer",
    "WaveSerializer",
    "WaveSummarySerializer",
    "WeaponSerializer",
]
